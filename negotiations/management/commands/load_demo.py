from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from negotiations.interchange import (
    DocumentError,
    NegotiationExists,
    describe_document,
    import_negotiation,
    load_document,
)
from negotiations.models import Negotiation

DEMO = Path(__file__).resolve().parents[2] / "data" / "gaza-2024.json"


class Command(BaseCommand):
    help = (
        "Load the demo negotiation (negotiations/data/gaza-2024.json), published, "
        "unless a negotiation with its slug is already there: edits are kept."
    )

    def handle(self, *args, **options):
        try:
            doc = load_document(DEMO.read_bytes())
        except DocumentError as error:
            self.stderr.write(str(error))
            raise CommandError(
                f"The demo document {DEMO.name} is not valid."
            ) from error
        slug = doc["negotiation"]["slug"]
        if Negotiation.objects.filter(slug=slug).exists():
            self.stdout.write(
                f'The demo negotiation "{slug}" is already loaded; left as it is.'
            )
            return
        try:
            import_negotiation(doc, checked=True)
        except NegotiationExists:
            self.stdout.write(
                f'The demo negotiation "{slug}" is already loaded; left as it is.'
            )
            return
        self.stdout.write(
            f'Loaded the demo negotiation "{slug}": {describe_document(doc)}.'
        )
