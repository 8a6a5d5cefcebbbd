"""What the project's command lines (python -m etl, metrics, reports) share."""

from __future__ import annotations

import argparse


def command_parser(prog: str, description: str):
    """A parser whose first word names one of its commands, and the subparsers to add them to."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    return parser, parser.add_subparsers(dest="command", required=True)
