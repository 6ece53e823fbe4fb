"""The baseline: a bare Flask hello app, served exactly like `snipcell run` (gunicorn gthread)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
