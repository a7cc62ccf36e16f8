# A source file that is not UTF-8 is a SyntaxError before anything runs.
print("never printed")
s = "café"
