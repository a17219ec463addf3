"""Przypominacz: desktop notifications of an Odoo user's CRM reminders (see ``przypominacz.cli``)."""

__version__ = "18.0.1.0.0"
