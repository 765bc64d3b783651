"""The programme's structure: administrations, units (clinics) and their kiosks."""
