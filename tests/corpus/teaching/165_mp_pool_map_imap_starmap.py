"""Pool.map, imap, imap_unordered and starmap over the same small job."""
from multiprocessing import Pool


def square(x):
    return x * x


def power(base, exp):
    return base ** exp


if __name__ == "__main__":
    with Pool(processes=3) as pool:
        print(pool.map(square, range(10)))
        for i, sq in enumerate(pool.imap(square, range(5))):
            print("imap", i, sq)
        print(sorted(pool.imap_unordered(square, range(5))))
        print(pool.starmap(power, [(2, 3), (3, 2), (10, 4)]))
        it = pool.imap(square, [7, 8])
        print(next(it), next(it))
        print(pool.apply(power, (2, 10)))
