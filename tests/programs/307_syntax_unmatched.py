# A closing bracket too many, and one that does not match.
x = (1 + 2))
