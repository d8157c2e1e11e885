"""The negotiation tracker's models, one subject per module, re-exported here.

- choices: how an issue is measured, a claim's status.
- querysets: the publication rule and the read rules the pages share.
- structure: a negotiation, its sources, sticking points and their scales.
- claims: proposals, versions and their terms, positions, responses, events.
- implementation: an agreement's commitments and the reports on them.
- pending: the admin's rows awaiting a decision.
"""

from .choices import *  # noqa: F403
from .claims import *  # noqa: F403
from .implementation import *  # noqa: F403
from .pending import *  # noqa: F403
from .querysets import *  # noqa: F403
from .structure import *  # noqa: F403
