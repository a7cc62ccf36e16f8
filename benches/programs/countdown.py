def countdown(n):
    while n > 0:
        n -= 1


countdown(10_000_000)
