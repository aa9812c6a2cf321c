"""What the catalog tells other apps; it never imports them."""

from django.dispatch import Signal

# Sent inside the save's transaction, after one save recorded its fact changes.
# sender=the model class; keyword arguments:
#   changes: the list of FactChange rows just written (one batch: one save)
fact_changes_recorded = Signal()

# Sent before catalog rows are deleted, to learn which pieces show them.
# sender=None; keyword arguments:
#   objects: every catalog row the delete would remove (cascades included)
# Each receiver returns a list of ``catalog.deletion.PieceUse``.
usage_requested = Signal()
