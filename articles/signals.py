"""What happens to a piece in the newsroom, for the apps that react to it.

Sent inside the transaction that made the change: receivers write their rows in it, and
anything slower or fallible (e-mail) waits for ``transaction.on_commit``.
"""

from django.dispatch import Signal

# sender=Article; keyword arguments:
#   article: the Article (the live row, also for a change to a live piece)
#   action: one of WORKFLOW_ACTIONS
#   by: the user who acted
#   note: the reason given ("request_changes", a checklist override), else ""
#   live_change: True when the action concerns a draft change to an already published piece
workflow_transition = Signal()

WORKFLOW_ACTIONS = (
    "submit",  # an author sent a piece (or a change to a live piece) for review
    "withdraw",  # its author took it back from review
    "request_changes",  # an editor sent it back with a note
    "publish",  # an editor published it (or a change to a live piece) now
    "schedule",  # an editor scheduled it for article.published_at
    "unpublish",  # an editor took it off the site
)
