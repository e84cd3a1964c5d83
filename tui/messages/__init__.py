"""Every French sentence and label of the terminal interface.

Templates use ``str.format`` fields named after what they hold. None of these strings uses
Textual markup: user text is inserted into them and the result is shown as plain
:class:`~textual.content.Content` (see :mod:`tui.text`), so a name such as ``[/]`` stays text.

The texts live in one submodule per part of the interface and are all read through this
package: ``from tui import messages as M``.
"""

from tui.messages.frame import *  # noqa: F403
from tui.messages.session import *  # noqa: F403
from tui.messages.people import *  # noqa: F403
from tui.messages.person import *  # noqa: F403
from tui.messages.dropin import *  # noqa: F403
from tui.messages.review import *  # noqa: F403
from tui.messages.report import *  # noqa: F403
from tui.messages.help import *  # noqa: F403
