"""documentation"""
