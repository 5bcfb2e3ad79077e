"""Running the pipeline: build a site or a group, cache, stage and publish; live preview."""
