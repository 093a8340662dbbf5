"""New inputs from nothing (``disclose init``) or from this year's input (``disclose rollover``)."""
