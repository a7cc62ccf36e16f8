# gilscope-test: gilscope-only
def broken(:
    pass
