"""The ways in: the `wijzer` command line (cli.py), the Gradio app (app/) and the corpus service both use
(corpus.py). Thin: they call the `Assistant`, the features and the index, and decide nothing themselves."""
