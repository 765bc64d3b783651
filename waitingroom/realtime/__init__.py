"""Live push over Socket.IO: /live for staff, /kiosk for devices."""
