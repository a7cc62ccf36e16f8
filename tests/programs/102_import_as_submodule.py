import concurrent.futures as cf
import concurrent
print(cf.ALL_COMPLETED, concurrent.futures is cf)
with cf.ThreadPoolExecutor(2) as ex:
    print(list(ex.map(abs, [-1, -2])))
