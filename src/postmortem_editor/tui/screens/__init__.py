"""Screens of the editor: help, confirmations."""
