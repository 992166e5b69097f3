"""Builds the index: loads, cleans and splits the guides, embeds them and stores them."""
