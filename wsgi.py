"""The WSGI entry point: `gunicorn -k gevent -w 1 wsgi:app` serves pages, API and Socket.IO.

gunicorn's gevent worker patches the standard library before it imports this.
"""

import sys

from waitingroom import create_app
from waitingroom.config import SettingError

try:
    app = create_app()
except SettingError as error:
    # A bad setting stops start-up with one line that names it, not a traceback.
    sys.exit(f"waitingroom: {error}")
