"""aiatlas sdg …"""
