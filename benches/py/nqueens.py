"""N-queens: every solution of the 8-queens problem, twice over: by
filtering the permutations of a recursive generator (after pyperformance's
bm_nqueens, which takes its permutations from `itertools`; Ophis has no
`itertools` yet, so they come from a Python generator here), and by
backtracking over sets. Generators with `yield from`, tuples, sets, `len`,
generator expressions, recursion.
"""

N = 8


def permutations(items):
    n = len(items)
    if n <= 1:
        yield tuple(items)
        return
    for i in range(n):
        rest = items[:i] + items[i + 1 :]
        first = items[i]
        for p in permutations(rest):
            yield (first,) + p


def n_queens(queen_count):
    cols = range(queen_count)
    return [
        vec
        for vec in permutations(list(cols))
        if (
            queen_count
            == len(set(vec[i] + i for i in cols))
            == len(set(vec[i] - i for i in cols))
        )
    ]


def backtrack(n, row, cols, diag1, diag2):
    if row == n:
        return 1
    found = 0
    for c in range(n):
        if c in cols or (row + c) in diag1 or (row - c) in diag2:
            continue
        cols.add(c)
        diag1.add(row + c)
        diag2.add(row - c)
        found += backtrack(n, row + 1, cols, diag1, diag2)
        cols.discard(c)
        diag1.discard(row + c)
        diag2.discard(row - c)
    return found


def main():
    solutions = n_queens(N)
    first = solutions[0]
    last = solutions[-1]
    counted = 0
    for n in range(4, 10):
        counted += backtrack(n, 0, set(), set(), set())
    return (len(solutions), first, last, counted)


result = main()
if __name__ == "__main__":
    print("nqueens", result)
