"""The on-disk index and its one owner: generations, chroma, BM25, embedders, records, and the loaded index.

ingest writes through this package and assistant reads through it; neither imports the other.
"""
