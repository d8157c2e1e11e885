from django.core.management.base import BaseCommand, CommandError

from negotiations.interchange import DocumentError, dump_document, export_negotiation
from negotiations.models import Negotiation


class Command(BaseCommand):
    help = (
        "Export a negotiation as a document in the interchange format, to standard "
        "output or to a file. Only published claims unless --include-drafts."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The negotiation's slug.")
        parser.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE instead of standard output.",
        )
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="Also write unpublished versions, positions, responses and events.",
        )

    def handle(self, *args, slug, output, include_drafts, **options):
        negotiation = Negotiation.objects.filter(slug=slug).first()
        if negotiation is None:
            raise CommandError(f'There is no negotiation with slug "{slug}".')
        try:
            data = dump_document(
                export_negotiation(negotiation, include_drafts=include_drafts),
                indent=True,
            )
        except DocumentError as error:
            self.stderr.write(str(error))
            raise CommandError(f'"{slug}" cannot be written as a document.') from error
        if output is None:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            with open(output, "wb") as output_file:
                output_file.write(data)
        except OSError as error:
            raise CommandError(
                f"Cannot write {output}: {error.strerror or error}"
            ) from error
        self.stdout.write(f'Exported "{slug}" to {output} ({len(data):,} bytes).')
