from django.core.management.base import BaseCommand, CommandError

from negotiations.interchange import (
    DocumentError,
    describe_document,
    load_document,
    read_document,
)


class Command(BaseCommand):
    help = (
        "Check a negotiation document (interchange format) without importing it: "
        "print each problem as `JSON.path: reason`, or what the document holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='The JSON document; "-" reads standard input.')

    def handle(self, *args, file, **options):
        try:
            doc = load_document(read_document(file))
        except OSError as error:
            raise CommandError(
                f"Cannot read {file}: {error.strerror or error}"
            ) from error
        except DocumentError as error:
            self.stderr.write(str(error))
            count = len(error.problems) + error.omitted
            raise CommandError(f"{file} is not valid: {count} problem(s).") from error
        slug = doc["negotiation"]["slug"]
        self.stdout.write(f'{file} is valid: "{slug}" with {describe_document(doc)}.')
