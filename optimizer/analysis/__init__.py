"""Decision support on top of single plans: variants, compare, marginal values, frontier.

Every number here comes from plans solved by `optimizer.solve` (integer plans proven
optimal) or from the LP relaxation of the same program, and says which.
"""
