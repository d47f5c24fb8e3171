"""What is built on the `Assistant`'s answers: board memos (memo.py) and the Quick scan (quickscan.py).
They use the assistant package and are used by the interfaces; the assistant never imports them."""
