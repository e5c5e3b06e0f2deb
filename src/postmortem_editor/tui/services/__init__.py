"""What the App owns besides its screens: plain objects with their own timers and state,
started when the App mounts and stopped when it unmounts."""
