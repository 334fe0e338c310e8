# Tumen Crossing: the Streamlit app in one container.
#   docker build -t tumen-crossing .
#   docker run --rm -p 8501:8501 tumen-crossing      # then open http://localhost:8501
FROM python:3.11-slim

# A plain (non-editable) install: geodata/ and static/vendor/ ship inside the package and are
# found through importlib.resources, so no PYTHONPATH is needed. Streamlit itself serves
# static/ from beside app.py.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# Set TUMEN_PUBLIC_URL=https://your.host/path/ so link previews carry your public address;
# without it they are taken from X-Forwarded-Proto/-Host, then from the request.

WORKDIR /app

COPY pyproject.toml README.md ./
COPY src ./src
COPY geodata ./geodata
COPY static ./static
RUN pip install . \
    && python -m tumen_crossing i18n --compile \
    && useradd --create-home --uid 10001 app

COPY .streamlit ./.streamlit
COPY app.py serve.py ./
COPY deploy/replica ./deploy/replica

USER app
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# The same start command as everywhere else (deploy/replica), listening on all interfaces.
ENV TC_ADDRESS=0.0.0.0 TC_PORT=8501 PYTHON=python
CMD ["deploy/replica"]
