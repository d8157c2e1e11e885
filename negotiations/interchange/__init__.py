"""Import, validate and export negotiations in the interchange format.

The format's contract is negotiations/format/ (schema and README rules). The admin,
the public download and the management commands all go through these functions.
"""

from .exporting import canonical, dump_document, equivalent, export_negotiation
from .importing import delete_negotiation, describe_document, import_negotiation
from .parsing import MAX_BYTES, read_document
from .problems import DocumentError, NegotiationExists, Problem, ReplacedMeanwhile
from .validation import load_document, validate_document

__all__ = [
    "MAX_BYTES",
    "DocumentError",
    "NegotiationExists",
    "Problem",
    "ReplacedMeanwhile",
    "canonical",
    "delete_negotiation",
    "describe_document",
    "dump_document",
    "equivalent",
    "export_negotiation",
    "import_negotiation",
    "load_document",
    "read_document",
    "validate_document",
]
