"""Scaling out: a local worker pool (``saywho.batch.local``) and a Spark job
(``saywho.batch.spark``) that writes Parquet, read back by ``saywho.batch.table``."""
