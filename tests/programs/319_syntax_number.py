# A name that starts with a digit, and Python 2's long integers, are number literals gone wrong.
medals = {}
1st_place = "gold"
big = 10L
