"""Every French sentence the engine, the services and the command line show.

User-facing text lives here (or in track definitions, for labels), never assembled in
scattered code branches, so that a translation can later replace this one module.
Templates use ``str.format`` fields named after what they hold.

The texts live in one submodule per area (engine, storage and services, command line,
reporting) and are all read through this package: ``from core import messages as M``.
"""

from core.messages.access import *  # noqa: F403
from core.messages.backup import *  # noqa: F403
from core.messages.cli import *  # noqa: F403
from core.messages.consents import *  # noqa: F403
from core.messages.dates import CLOCKS as CLOCKS
from core.messages.dates import MONTHS as MONTHS
from core.messages.dates import TODAY_WORDS as TODAY_WORDS
from core.messages.dates import WEEKDAYS as WEEKDAYS
from core.messages.dates import clock_hour as clock_hour
from core.messages.dates import clock_moment as clock_moment
from core.messages.dates import hour as hour
from core.messages.dates import long_date as long_date
from core.messages.dates import ordinal as ordinal
from core.messages.dates import short_date as short_date
from core.messages.dates import short_moment as short_moment
from core.messages.dates import span as span
from core.messages.grammar import plural as plural
from core.messages.grammar import sentence as sentence
from core.messages.grammar import some_codes as some_codes
from core.messages.deadlines import *  # noqa: F403
from core.messages.engine import *  # noqa: F403
from core.messages.input import *  # noqa: F403
from core.messages.reporting import *  # noqa: F403
from core.messages.retention import *  # noqa: F403
from core.messages.storage import *  # noqa: F403
