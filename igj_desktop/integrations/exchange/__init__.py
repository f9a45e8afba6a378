"""Outlook agendas and mail through Exchange, behind one gateway interface."""
