"""The WSGI entry point: `gunicorn -k gevent -w 1 wsgi:app` serves pages, API and Socket.IO.

gunicorn's gevent worker patches the standard library before it imports this.
"""

from waitingroom import create_app

app = create_app()
