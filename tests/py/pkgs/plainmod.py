"""A plain source module."""
VALUE = 41
print('plainmod runs once, as', __name__)


def answer():
    return VALUE + 1
