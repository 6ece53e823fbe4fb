"""Gauss-Jordan elimination with exact arithmetic, recording each row operation."""
import sympy as sp


def rref_steps(rows):
    """Reduce a matrix to reduced row echelon form.

    Returns a list of (description, matrix) pairs, starting with the input.
    """
    M = sp.Matrix(rows).applyfunc(sp.nsimplify)
    steps = [("start", M.copy())]
    pivot_row = 0
    for col in range(M.cols):
        if pivot_row == M.rows:
            break
        candidates = [r for r in range(pivot_row, M.rows) if M[r, col] != 0]
        if not candidates:
            continue
        r = candidates[0]
        if r != pivot_row:
            M.row_swap(r, pivot_row)
            steps.append((f"R{r + 1} <-> R{pivot_row + 1}", M.copy()))
        pivot = M[pivot_row, col]
        if pivot != 1:
            M[pivot_row, :] = M[pivot_row, :] / pivot
            steps.append((f"R{pivot_row + 1} <- R{pivot_row + 1} / ({pivot})", M.copy()))
        for other in range(M.rows):
            factor = M[other, col]
            if other != pivot_row and factor != 0:
                M[other, :] = M[other, :] - factor * M[pivot_row, :]
                steps.append((f"R{other + 1} <- R{other + 1} - ({factor}) R{pivot_row + 1}", M.copy()))
        pivot_row += 1
    return steps


def show(steps):
    """Print the steps and, for an augmented matrix, what they mean."""
    for description, M in steps:
        print(description)
        print(sp.pretty(M, use_unicode=True))
        print()
    final = steps[-1][1]
    rank_A = sum(1 for r in range(final.rows) if any(final[r, :-1]))
    rank_Ab = sum(1 for r in range(final.rows) if any(final[r, :]))
    if rank_A < rank_Ab:
        print("The system is inconsistent: no solution.")
    elif rank_A < final.cols - 1:
        print(f"Infinitely many solutions ({final.cols - 1 - rank_A} free variable(s)).")
    else:
        print("Unique solution:", list(final[:, -1]))
