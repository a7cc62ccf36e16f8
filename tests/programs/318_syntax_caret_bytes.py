# A print statement with accented text: the parser's carets are counted in bytes, one per byte.
nome = "José"
print "Olá,", nome
