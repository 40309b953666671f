"""THE_BOT's Django ``LOGGING`` setting, shipping to the log console.

Use it from ``settings.py``::

    from python_logging_config import LOGGING

Environment variables (the seed's): ``LOG_PATH`` (folder of the rotating files, default ``/backend/logs``),
``LOGSTASH_HOST`` / ``LOGSTASH_PORT`` (the console's JSON-lines receiver, default 127.0.0.1:5000), ``LOG_LEVEL``
(default INFO) and ``ENVIRONMENT`` (default development).

Handlers: the console, rotating files the console's file tailer reads (``django.log`` and ``django.json.log``,
``celery.log``, ``audit.log``, ``requests.log``, in the formats of the console's pipeline.json), and a TCP JSON-lines
handler to port 5000. Use either the files or port 5000 for a given logger in production, not both, or events arrive twice.
"""

import importlib.util
import os

LOG_PATH = os.environ.get("LOG_PATH", "/backend/logs")
LOGSTASH_HOST = os.environ.get("LOGSTASH_HOST", "127.0.0.1")
LOGSTASH_PORT = int(os.environ.get("LOGSTASH_PORT", "5000"))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
ENVIRONMENT = os.environ.get("ENVIRONMENT", "development")

os.makedirs(LOG_PATH, exist_ok=True)

if importlib.util.find_spec("logstash_async") is not None:
    # python-logstash-async: asynchronous, buffers to SQLite while the console is unreachable.
    _console_handler = {
        "class": "logstash_async.handler.AsynchronousLogstashHandler",
        "host": LOGSTASH_HOST,
        "port": LOGSTASH_PORT,
        "database_path": os.path.join(LOG_PATH, "logstash.db"),
        "formatter": "logstash",
    }
    _logstash_formatter = {
        "()": "logstash_async.formatter.DjangoLogstashFormatter",
        "extra": {"environment": ENVIRONMENT},
    }
else:
    # The standard library only: one JSON line per record over TCP, in the same field layout.
    _console_handler = {
        "()": "thebot_logging.JsonLinesTcpHandler",
        "host": LOGSTASH_HOST,
        "port": LOGSTASH_PORT,
        "formatter": None,
    }
    _logstash_formatter = {
        "()": "thebot_logging.LogstashJsonFormatter",
        "environment": ENVIRONMENT,
    }
    _console_handler["formatter"] = "logstash"


def _rotating(filename, formatter, level="DEBUG"):
    return {
        "class": "logging.handlers.RotatingFileHandler",
        "filename": os.path.join(LOG_PATH, filename),
        "maxBytes": 10 * 1024 * 1024,
        "backupCount": 5,
        "encoding": "utf-8",
        "formatter": formatter,
        "level": level,
    }


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # The file formats the console's pipeline.json parses (django, django-requests, django-audit, celery, json).
        "verbose": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"},
        "requests": {"format": "%(asctime)s %(message)s"},
        "audit": {"format": "%(asctime)s %(levelname)s %(message)s"},
        "celery": {"format": "[%(asctime)s: %(levelname)s/%(processName)s] %(message)s"},
        "json": {"()": "thebot_logging.LogstashJsonFormatter", "environment": ENVIRONMENT},
        "logstash": _logstash_formatter,
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "verbose", "level": LOG_LEVEL},
        "django_file": _rotating("django.log", "verbose"),
        "django_json_file": _rotating("django.json.log", "json"),
        "celery_file": _rotating("celery.log", "celery"),
        "audit_file": _rotating("audit.log", "audit", level="INFO"),
        "requests_file": _rotating("requests.log", "requests", level="INFO"),
        "logstash": dict(_console_handler, level=LOG_LEVEL),
    },
    "root": {"handlers": ["console", "logstash"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console", "django_file", "django_json_file", "logstash"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["console", "django_file", "django_json_file", "logstash"], "level": "WARNING", "propagate": False},
        "thebot": {"handlers": ["console", "django_file", "django_json_file", "logstash"], "level": LOG_LEVEL, "propagate": False},
        "thebot.audit": {"handlers": ["audit_file", "logstash"], "level": "INFO", "propagate": False},
        "thebot.http": {"handlers": ["requests_file", "logstash"], "level": "INFO", "propagate": False},
        "celery": {"handlers": ["console", "celery_file", "logstash"], "level": LOG_LEVEL, "propagate": False},
    },
}
