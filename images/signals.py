"""Files leave storage only when the row that used them is gone for good."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Image, Rendition


@receiver(post_delete, sender=Image)
@receiver(post_delete, sender=Rendition)
def delete_file_on_commit(sender, instance, **kwargs):
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
