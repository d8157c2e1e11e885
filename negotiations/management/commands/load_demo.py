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


def edited_since_loaded(negotiation):
    """Return True when anything in the negotiation was written after it was loaded.

    Runs one query. An import writes the negotiation's "+" history row and its
    `changed_at` at the same instant, and every later write to anything in the
    negotiation moves `changed_at` (negotiations/signals.py), so a later stamp
    means an editor's work that a refresh would throw away.
    """
    created = (
        negotiation.history.filter(history_type="+")
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    # No record of the load: nothing says the rows are untouched.
    return created is None or negotiation.changed_at > created


class Command(BaseCommand):
    help = (
        "Load the demo negotiation (negotiations/data/gaza-2024.json), published, "
        "unless a negotiation with its slug is already there: edits are kept. "
        "With --replace, load it again over the one there, asking first when "
        "that one was edited since it was loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a demo that is already loaded with the file's version.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask before replacing an edited demo.",
        )

    def handle(self, *args, replace=False, interactive=True, **options):
        try:
            doc = load_document(DEMO.read_bytes())
        except DocumentError as error:
            self.stderr.write(str(error))
            raise CommandError(
                f"The demo document {DEMO.name} is not valid."
            ) from error
        slug = doc["negotiation"]["slug"]
        existing = Negotiation.objects.filter(slug=slug).first()
        if existing is not None and not replace:
            self.stdout.write(
                f'The demo negotiation "{slug}" is already loaded; left as it is '
                "(load_demo --replace loads it again)."
            )
            return
        ask = existing is not None and interactive and edited_since_loaded(existing)
        if ask and not self._confirm(slug):
            self.stdout.write("Left the demo negotiation as it is.")
            return
        try:
            import_negotiation(doc, replace=replace, checked=True)
        except NegotiationExists:
            self.stdout.write(
                f'The demo negotiation "{slug}" is already loaded; left as it is.'
            )
            return
        verb = "Replaced" if existing is not None else "Loaded"
        self.stdout.write(
            f'{verb} the demo negotiation "{slug}": {describe_document(doc)}.'
        )

    def _confirm(self, slug):
        question = (
            f'The demo negotiation "{slug}" was edited since it was loaded; '
            "replacing it loses those edits. Type 'yes' to replace it: "
        )
        try:
            answer = input(question)
        except EOFError:
            # No terminal to ask (a script or CI): keep the edits.
            answer = ""
        return answer.strip().lower() == "yes"
