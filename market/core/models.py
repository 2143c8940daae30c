from django.db import models
from django.utils import timezone


class DeferredTask(models.Model):
    """Outbox for Celery: a task whose sending failed because the broker was away. The request that made it
    still succeeds; `resend_deferred_tasks` (beat, and the management command of that name) sends it later."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)}"
