# Python 2 tutorial code: a print statement is a SyntaxError before anything runs.
import threading

count = 0
for i in range(3):
    count += i
print "count is", count
