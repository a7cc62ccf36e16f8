def validate(x):
    assert x > 0
validate(-1)
