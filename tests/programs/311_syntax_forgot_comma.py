# Two list items without a comma between them.
items = [
    "alpha",
    "beta" "gamma",
    1 2,
]
