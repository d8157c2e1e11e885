from django.core.management.base import BaseCommand, CommandError

from negotiations.interchange import (
    DocumentError,
    NegotiationExists,
    describe_document,
    import_negotiation,
    load_document,
    read_document,
)


class Command(BaseCommand):
    help = (
        "Import a negotiation from a document in the interchange format. A document "
        "with any problem imports nothing: each problem is printed as "
        "`JSON.path: reason` and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='The JSON document; "-" reads standard input.')
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the negotiation with the same slug, in one transaction.",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Import the negotiation and all its claims unpublished.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and write everything, then roll back: nothing is kept.",
        )

    def handle(self, *args, file, replace, draft, dry_run, **options):
        try:
            doc = load_document(read_document(file))
            negotiation = import_negotiation(
                doc, replace=replace, publish=not draft, dry_run=dry_run, checked=True
            )
        except OSError as error:
            raise CommandError(
                f"Cannot read {file}: {error.strerror or error}"
            ) from error
        except NegotiationExists as error:
            self.stderr.write(str(error))
            if replace:
                # Only a concurrent import makes a replacing run end here.
                raise CommandError(
                    "Nothing was imported: another import of the same negotiation "
                    "finished first. Run this one again to replace it."
                ) from error
            raise CommandError(
                "Nothing was imported; use --replace to replace that negotiation."
            ) from error
        except DocumentError as error:
            self.stderr.write(str(error))
            count = len(error.problems) + error.omitted
            raise CommandError(
                f"Nothing was imported: {count} problem(s) in {file}."
            ) from error
        state = "as drafts" if draft else "published"
        held = describe_document(doc)
        if dry_run:
            self.stdout.write(
                f'Dry run: "{negotiation.slug}" would be imported {state} with '
                f"{held}; nothing was written."
            )
        else:
            self.stdout.write(f'Imported "{negotiation.slug}" {state} with {held}.')
