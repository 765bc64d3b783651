"""Translation coverage of flows and interface, native speakers' reviews, recorded voices."""
