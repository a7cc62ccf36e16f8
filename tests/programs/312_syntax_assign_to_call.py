# An assignment to a call, meant as a comparison.
def ready():
    return True

if ready():
    ready() = False
