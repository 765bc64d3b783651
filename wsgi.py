"""The WSGI entry point: `gunicorn -k gevent -w 1 wsgi:app` serves pages, API and Socket.IO.

gunicorn's gevent worker patches the standard library before it imports this.
"""

import gc
import sys

from waitingroom import create_app
from waitingroom.config import SettingError
from waitingroom.serving import taking_turns

try:
    app = create_app()
except SettingError as error:
    # A bad setting stops start-up with one line that names it, not a traceback.
    sys.exit(f"waitingroom: {error}")
app.wsgi_app = taking_turns(app.wsgi_app)

# What start-up made lives as long as the process: freeze it out of the collector's
# sight, and collect the youngest objects less often. A batch of 500 responses
# makes tens of thousands of short-lived objects, and with the default threshold
# (700) the collector took a third of its time (bench/ingest.py).
gc.freeze()
gc.set_threshold(50_000, 20, 100)
