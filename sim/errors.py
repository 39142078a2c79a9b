"""The one error type for bad user input."""


class InputError(ValueError):
    """Bad input from a user: a file, a key, a value or an argument.

    The message is one line that names where the problem is, what was expected and what
    was found. The command line prints it without a traceback and exits with status 2.
    """
