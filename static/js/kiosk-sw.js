// placeholder until the offline kiosk lands
