"""The on-disk index and its one owner: generations, chroma, BM25, embedders, records, the register's
vectors, and the loaded index.

ingest writes through this package and assistant reads through it; neither imports the other.
"""
