from django.core.management.base import BaseCommand

from market.core.events import deferred_tasks_resend


class Command(BaseCommand):
    help = "Send the Celery tasks recorded while the broker was away (beat also does this every minute)."

    def handle(self, *args, **options):
        self.stdout.write(f"{deferred_tasks_resend()} deferred tasks sent")
